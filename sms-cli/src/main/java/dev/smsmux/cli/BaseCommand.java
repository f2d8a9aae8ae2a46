package dev.smsmux.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.ConfigException;
import dev.smsmux.spi.Capability;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Turns every failure into the documented exit code and, with --json, the documented error document. */
abstract class BaseCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    /** Does the work; returns the exit code. */
    abstract int execute();

    /** The provider named by {@code --provider}, or else every configured one that has the capability. */
    static List<String> providersToAsk(SmsClient client, @Nullable String only, Capability capability) {
        return only != null ? List.of(only) : client.names().stream()
                .filter(n -> client.gateway(n).capabilities().supports(capability)).toList();
    }

    @Override
    public final Integer call() {
        common.applyVerbosity();
        try {
            return execute();
        } catch (ConfigException e) {
            return fail(e.error(), SmsCli.USAGE);
        } catch (UsageError e) {
            return fail(e.getCause() instanceof SmsException se ? se.error() : e.error, SmsCli.USAGE);
        } catch (SmsException e) {
            return fail(e.error(), SmsCli.FAILED);
        }
    }

    int fail(SmsError error, int code) {
        if (common.json) {
            print(JsonView.error(error));
        }
        err().println("sms: " + error.kind() + "/" + error.outcome() + (error.provider() == null ? "" : " [" + error.provider() + "]")
                + (error.vendorCode() == null ? "" : " code " + error.vendorCode()) + ": " + error.message());
        return code;
    }

    void print(JsonNode node) {
        try {
            out().println(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out().flush();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Input the user gave that fails before anything is sent: exit code 2. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient SmsError error;

        UsageError(SmsException cause) {
            super(cause.getMessage(), cause);
            this.error = cause.error();
        }
    }
}
