/** {@link dev.smsmux.testkit.smsclub.SmsClubFake}: SMS Club's JSON API with its limits. */
@NullMarked
package dev.smsmux.testkit.smsclub;

import org.jspecify.annotations.NullMarked;
