/** JMH benchmarks of smsmux, each against a baseline measured in the same run. */
package dev.smsmux.benchmarks;
