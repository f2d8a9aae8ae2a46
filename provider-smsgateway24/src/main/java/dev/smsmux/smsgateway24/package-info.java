/**
 * SmsGateway24, id {@code smsgateway24}: Android phones with the vendor's app send from their own SIMs. The
 * server queues a message; a device picks it up. {@link dev.smsmux.smsgateway24.SmsGateway24Gateway} adds the
 * vendor's devices, contact lists and newsletters.
 */
@NullMarked
package dev.smsmux.smsgateway24;

import org.jspecify.annotations.NullMarked;
