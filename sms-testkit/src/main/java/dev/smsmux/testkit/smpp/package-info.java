/** SmppFake: an embedded SMSC speaking SMPP 3.4 (jsmpp's server side), with scripted faults. */
@NullMarked
package dev.smsmux.testkit.smpp;

import org.jspecify.annotations.NullMarked;
