/*
 * Private glue between the files of qom/.
 */
#ifndef QOM_OBJECT_INTERNAL_H
#define QOM_OBJECT_INTERNAL_H

#include "qom/object.h"

void object_property_del_all(Object *obj);
void object_property_del_child(Object *obj, Object *child);
char *object_type_get_name_prop(Object *obj, Error **errp);
bool object_property_is_child(ObjectProperty *prop);

#endif
