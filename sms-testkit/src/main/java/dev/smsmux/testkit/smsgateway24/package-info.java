/** {@link dev.smsmux.testkit.smsgateway24.SmsGateway24Fake}: SmsGateway24's getdata API and its phones. */
@NullMarked
package dev.smsmux.testkit.smsgateway24;

import org.jspecify.annotations.NullMarked;
