/**
 * The SMSC provider (smsc.ru, smsc.kz, smsc.ua, smscentre.com), id {@code smsc}: send, cost estimate,
 * status, balance, sender IDs, inbound messages and verified callbacks, in every response format
 * ({@code fmt} 0-3). {@link dev.smsmux.smsc.SmscGateway} adds the SMSC-only calls.
 */
@NullMarked
package dev.smsmux.smsc;

import org.jspecify.annotations.NullMarked;
