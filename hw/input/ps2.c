/*
 * PS/2 keyboard and mouse command sets.
 * References: IBM PS/2 Technical Reference, "Keyboard and Auxiliary
 * Device Controller"; Microsoft IntelliMouse PS/2 protocol extensions.
 */
#include "qemu/osdep.h"
#include "hw/input/ps2.h"

#define PS2_ACK 0xfa
#define PS2_RESEND 0xfe
#define PS2_BAT_OK 0xaa

/* Keyboard commands */
#define KBD_CMD_SET_LEDS 0xed
#define KBD_CMD_ECHO 0xee
#define KBD_CMD_SCANCODE 0xf0
#define KBD_CMD_GET_ID 0xf2
#define KBD_CMD_SET_RATE 0xf3
#define KBD_CMD_ENABLE 0xf4
#define KBD_CMD_RESET_DISABLE 0xf5
#define KBD_CMD_RESET_ENABLE 0xf6
#define KBD_CMD_RESEND 0xfe
#define KBD_CMD_RESET 0xff

/* Mouse commands */
#define AUX_SET_SCALE11 0xe6
#define AUX_SET_SCALE21 0xe7
#define AUX_SET_RES 0xe8
#define AUX_GET_SCALE 0xe9
#define AUX_SET_STREAM 0xea
#define AUX_POLL 0xeb
#define AUX_RESET_WRAP 0xec
#define AUX_SET_WRAP 0xee
#define AUX_SET_REMOTE 0xf0
#define AUX_GET_TYPE 0xf2
#define AUX_SET_SAMPLE 0xf3
#define AUX_ENABLE_DEV 0xf4
#define AUX_DISABLE_DEV 0xf5
#define AUX_SET_DEFAULT 0xf6
#define AUX_RESET 0xff

void ps2_queue_bytes(PS2State *s, const uint8_t *buf, int len)
{
    PS2Queue *q = &s->queue;

    for (int i = 0; i < len && q->count < PS2_QUEUE_SIZE; i++) {
        q->data[(q->rptr + q->count) % PS2_QUEUE_SIZE] = buf[i];
        q->count++;
    }
}

static void ps2_queue1(PS2State *s, uint8_t b)
{
    ps2_queue_bytes(s, &b, 1);
}

bool ps2_has_data(PS2State *s)
{
    return s->queue.count > 0;
}

uint8_t ps2_read_data(PS2State *s)
{
    PS2Queue *q = &s->queue;
    uint8_t v;

    if (!q->count) {
        return 0;
    }
    v = q->data[q->rptr];
    q->rptr = (q->rptr + 1) % PS2_QUEUE_SIZE;
    q->count--;
    return v;
}

static void ps2_kbd_defaults(PS2State *s)
{
    s->scan_enabled = true;
    s->scancode_set = 2;
    s->leds = 0;
}

static void ps2_mouse_defaults(PS2State *s)
{
    s->mouse_status = 0;
    s->mouse_resolution = 2;
    s->mouse_sample_rate = 100;
}

void ps2_reset(PS2State *s)
{
    s->queue.rptr = 0;
    s->queue.count = 0;
    s->write_cmd = -1;
    if (s->is_mouse) {
        ps2_mouse_defaults(s);
        s->mouse_type = 0;
        memset(s->rate_history, 0, sizeof(s->rate_history));
    } else {
        ps2_kbd_defaults(s);
    }
}

void ps2_init(PS2State *s, bool is_mouse)
{
    memset(s, 0, sizeof(*s));
    s->is_mouse = is_mouse;
    ps2_reset(s);
}

static void ps2_kbd_write(PS2State *s, uint8_t val)
{
    /* Scan code set numbers as reported through the XLATE logic. */
    static const uint8_t set_xlated[4] = {0, 0x43, 0x41, 0x3f};

    switch (s->write_cmd) {
    case KBD_CMD_SET_LEDS:
        s->leds = val & 7;
        ps2_queue1(s, PS2_ACK);
        s->write_cmd = -1;
        return;
    case KBD_CMD_SET_RATE:
        ps2_queue1(s, PS2_ACK);
        s->write_cmd = -1;
        return;
    case KBD_CMD_SCANCODE:
        if (val == 0) {
            ps2_queue1(s, PS2_ACK);
            ps2_queue1(s, s->translate ? set_xlated[s->scancode_set]
                                       : s->scancode_set);
        } else if (val >= 1 && val <= 3) {
            s->scancode_set = val;
            ps2_queue1(s, PS2_ACK);
        } else {
            ps2_queue1(s, PS2_RESEND);
        }
        s->write_cmd = -1;
        return;
    }
    switch (val) {
    case KBD_CMD_SET_LEDS:
    case KBD_CMD_SET_RATE:
    case KBD_CMD_SCANCODE:
        s->write_cmd = val;
        ps2_queue1(s, PS2_ACK);
        break;
    case KBD_CMD_ECHO:
        ps2_queue1(s, KBD_CMD_ECHO);
        break;
    case KBD_CMD_GET_ID:
        ps2_queue1(s, PS2_ACK);
        ps2_queue1(s, 0xab);
        ps2_queue1(s, s->translate ? 0x41 : 0x83);
        break;
    case KBD_CMD_ENABLE:
        s->scan_enabled = true;
        ps2_queue1(s, PS2_ACK);
        break;
    case KBD_CMD_RESET_DISABLE:
        ps2_kbd_defaults(s);
        s->scan_enabled = false;
        ps2_queue1(s, PS2_ACK);
        break;
    case KBD_CMD_RESET_ENABLE:
        ps2_kbd_defaults(s);
        ps2_queue1(s, PS2_ACK);
        break;
    case KBD_CMD_RESET:
        s->queue.count = 0;
        ps2_kbd_defaults(s);
        ps2_queue1(s, PS2_ACK);
        ps2_queue1(s, PS2_BAT_OK);
        break;
    case 0xf7: case 0xf8: case 0xf9: case 0xfa:
    case 0xfb: case 0xfc: case 0xfd:
        ps2_queue1(s, PS2_ACK);     /* set-3 key type commands */
        break;
    case KBD_CMD_RESEND:
    default:
        ps2_queue1(s, PS2_RESEND);
        break;
    }
}

static void ps2_mouse_write(PS2State *s, uint8_t val)
{
    switch (s->write_cmd) {
    case AUX_SET_SAMPLE:
        s->mouse_sample_rate = val;
        s->rate_history[0] = s->rate_history[1];
        s->rate_history[1] = s->rate_history[2];
        s->rate_history[2] = val;
        /* IntelliMouse knock sequences: 200,100,80 and 200,200,80. */
        if (s->rate_history[0] == 200 && s->rate_history[2] == 80) {
            if (s->rate_history[1] == 100 && s->mouse_type == 0) {
                s->mouse_type = 3;
            } else if (s->rate_history[1] == 200 && s->mouse_type == 3) {
                s->mouse_type = 4;
            }
        }
        ps2_queue1(s, PS2_ACK);
        s->write_cmd = -1;
        return;
    case AUX_SET_RES:
        s->mouse_resolution = val & 3;
        ps2_queue1(s, PS2_ACK);
        s->write_cmd = -1;
        return;
    }
    switch (val) {
    case AUX_SET_SAMPLE:
    case AUX_SET_RES:
        s->write_cmd = val;
        ps2_queue1(s, PS2_ACK);
        break;
    case AUX_SET_SCALE11:
        s->mouse_status &= ~0x10;
        ps2_queue1(s, PS2_ACK);
        break;
    case AUX_SET_SCALE21:
        s->mouse_status |= 0x10;
        ps2_queue1(s, PS2_ACK);
        break;
    case AUX_GET_SCALE:
        ps2_queue1(s, PS2_ACK);
        ps2_queue1(s, s->mouse_status);
        ps2_queue1(s, s->mouse_resolution);
        ps2_queue1(s, s->mouse_sample_rate);
        break;
    case AUX_SET_STREAM:
        s->mouse_status &= ~0x40;
        ps2_queue1(s, PS2_ACK);
        break;
    case AUX_SET_REMOTE:
        s->mouse_status |= 0x40;
        ps2_queue1(s, PS2_ACK);
        break;
    case AUX_POLL:
        ps2_queue1(s, PS2_ACK);
        ps2_queue1(s, 0x08);        /* no buttons, no movement */
        ps2_queue1(s, 0);
        ps2_queue1(s, 0);
        if (s->mouse_type >= 3) {
            ps2_queue1(s, 0);
        }
        break;
    case AUX_RESET_WRAP:
    case AUX_SET_WRAP:
        ps2_queue1(s, PS2_ACK);
        break;
    case AUX_GET_TYPE:
        ps2_queue1(s, PS2_ACK);
        ps2_queue1(s, s->mouse_type);
        break;
    case AUX_ENABLE_DEV:
        s->mouse_status |= 0x20;
        ps2_queue1(s, PS2_ACK);
        break;
    case AUX_DISABLE_DEV:
        s->mouse_status &= ~0x20;
        ps2_queue1(s, PS2_ACK);
        break;
    case AUX_SET_DEFAULT:
        ps2_mouse_defaults(s);
        ps2_queue1(s, PS2_ACK);
        break;
    case AUX_RESET:
        s->queue.count = 0;
        ps2_mouse_defaults(s);
        s->mouse_type = 0;
        ps2_queue1(s, PS2_ACK);
        ps2_queue1(s, PS2_BAT_OK);
        ps2_queue1(s, s->mouse_type);
        break;
    default:
        ps2_queue1(s, PS2_RESEND);
        break;
    }
}

void ps2_write(PS2State *s, uint8_t val)
{
    if (s->is_mouse) {
        ps2_mouse_write(s, val);
    } else {
        ps2_kbd_write(s, val);
    }
}
