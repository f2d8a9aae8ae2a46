/** The {@code sms} command line: picocli commands over {@link dev.smsmux.SmsClient}. */
@NullMarked
package dev.smsmux.cli;

import org.jspecify.annotations.NullMarked;
