/** SmsGateway24 wire details and mapping tables. Not for users. */
@NullMarked
package dev.smsmux.smsgateway24.internal;

import org.jspecify.annotations.NullMarked;
