/*
 * PS/2 keyboard and mouse as seen behind an i8042: each takes command
 * bytes from the controller and queues reply bytes for it to fetch.
 * No host input source is attached yet; ps2_queue_bytes() injects raw
 * bytes (monitor sendkey, tests).
 */
#ifndef HW_INPUT_PS2_H
#define HW_INPUT_PS2_H

#include "qemu/osdep.h"

#define PS2_QUEUE_SIZE 256

typedef struct PS2Queue {
    uint8_t data[PS2_QUEUE_SIZE];
    int rptr;
    int count;
} PS2Queue;

typedef struct PS2State {
    PS2Queue queue;
    int write_cmd;           /* command awaiting its parameter, or -1 */
    bool is_mouse;
    /* keyboard */
    bool scan_enabled;
    bool translate;          /* i8042 XLATE: set-1 style ID replies */
    int scancode_set;
    uint8_t leds;
    /* mouse */
    uint8_t mouse_status;    /* bit 5 reporting, bit 6 remote */
    uint8_t mouse_resolution;
    uint8_t mouse_sample_rate;
    uint8_t mouse_type;      /* 0 PS/2, 3 IntelliMouse, 4 Explorer */
    uint8_t rate_history[3];
} PS2State;

void ps2_init(PS2State *s, bool is_mouse);
void ps2_reset(PS2State *s);
/* A byte from the controller to the device. */
void ps2_write(PS2State *s, uint8_t val);
void ps2_queue_bytes(PS2State *s, const uint8_t *buf, int len);
bool ps2_has_data(PS2State *s);
uint8_t ps2_read_data(PS2State *s);

#endif
