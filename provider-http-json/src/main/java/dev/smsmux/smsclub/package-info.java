/**
 * The JSON alpha-name gateway SMS Club (smsclub.mobi), id {@code smsclub}: Bearer-token JSON calls for send
 * (100 numbers a request), status, alpha names and balance, with HTTP-status errors (400, 401, 429, 453,
 * 5xx) and per-number refusals in {@code add_info}.
 */
@NullMarked
package dev.smsmux.smsclub;

import org.jspecify.annotations.NullMarked;
