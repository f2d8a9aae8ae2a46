/** Internals of sms-http. Not for users. */
@NullMarked
package dev.smsmux.http.internal;

import org.jspecify.annotations.NullMarked;
