package dev.smsmux.smsc;

import dev.smsmux.testkit.contract.SmsProviderContract;

class SmscContractTest extends SmsProviderContract {
    @Override
    protected Harness harness() {
        return new SmscHarness();
    }
}
