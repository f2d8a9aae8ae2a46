/**
 * The neutral model: immutable records, validated in their constructors, that mean the same whatever
 * gateway carries the message.
 */
@NullMarked
package dev.smsmux.model;

import org.jspecify.annotations.NullMarked;
