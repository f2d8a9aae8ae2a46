package dev.smsmux.smpp;

import dev.smsmux.testkit.contract.SmsProviderContract;

class SmppContractTest extends SmsProviderContract {
    @Override
    protected Harness harness() {
        return new SmppHarness();
    }
}
