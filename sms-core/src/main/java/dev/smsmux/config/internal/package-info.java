/** Internals of sms-api: not for users, may change in any release. */
@NullMarked
package dev.smsmux.config.internal;

import org.jspecify.annotations.NullMarked;
