package io.github.bsdtalk.examples;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every subcommand of {@code talk-examples} shares: picocli sets its options, {@link Main}
 * gives it the standard streams (tests supply their own), and {@link #call} runs it.
 */
abstract class Subcommand implements Callable<Integer> {

  /** This command as picocli sees it; for usage errors found after parsing. */
  @Spec CommandSpec spec;

  InputStream in = System.in;
  PrintStream out = System.out;
  PrintStream err = System.err;

  final void streams(InputStream newIn, PrintStream newOut, PrintStream newErr) {
    this.in = newIn;
    this.out = newOut;
    this.err = newErr;
  }

  /**
   * Parses {@code args} into this object and runs it, with the exit statuses and one-line errors of
   * {@link Main#run(String[], InputStream, PrintStream, PrintStream)}.
   */
  final int run(String[] args, InputStream newIn, PrintStream newOut, PrintStream newErr) {
    return Main.run(this, args, newIn, newOut, newErr);
  }

  /** A usage error found after parsing (a value the options alone cannot judge): exit 2. */
  final ParameterException usage(String problem) {
    // TalkdQuickStart runs talkd without picocli's parse, so without a spec: a usage error is
    // rare enough to build picocli's model of this one command for it then
    return new ParameterException(
        spec != null ? spec.commandLine() : new CommandLine(this), problem);
  }
}
