package dev.smsmux.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sms} command. Exit codes: 0 ok, 1 the send or query failed, 2 bad usage or config. */
@Command(name = "sms", mixinStandardHelpOptions = true, versionProvider = SmsVersion.class,
        description = "Send SMS through any gateway, with failover that never sends twice.",
        subcommands = {ProvidersCommand.class, SendCommand.class, StatusCommand.class, BalanceCommand.class,
                SendersCommand.class, LookupCommand.class, ListenCommand.class, OutboxCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class SmsCli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI without exiting (for tests and the demo). */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs the CLI with its output going to the given writers. */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new SmsCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("sms: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try 'sms " + ex.getCommandLine().getCommandName() + " --help'.");
            return USAGE;
        });
        return cl.execute(args);
    }
}
