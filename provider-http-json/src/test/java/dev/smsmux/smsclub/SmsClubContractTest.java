package dev.smsmux.smsclub;

import dev.smsmux.testkit.contract.SmsProviderContract;

class SmsClubContractTest extends SmsProviderContract {
    @Override
    protected Harness harness() {
        return new SmsClubHarness();
    }
}
