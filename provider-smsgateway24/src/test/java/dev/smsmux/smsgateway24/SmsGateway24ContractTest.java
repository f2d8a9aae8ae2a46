package dev.smsmux.smsgateway24;

import dev.smsmux.testkit.contract.SmsProviderContract;

class SmsGateway24ContractTest extends SmsProviderContract {
    @Override
    protected Harness harness() {
        return new Sg24Harness();
    }
}
