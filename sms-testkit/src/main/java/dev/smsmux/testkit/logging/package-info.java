/** Log capture for tests that prove no secret is ever logged (needs logback-classic). */
@NullMarked
package dev.smsmux.testkit.logging;

import org.jspecify.annotations.NullMarked;
