package io.github.bsdtalk.server.internal;

import java.util.ResourceBundle;

/**
 * A {@link System.Logger} that asks {@link System#getLogger} for the real one on first use.
 *
 * <p>For a class outside the JDK, {@code System.getLogger} finds the logging backend at once: with
 * java.logging present that starts its LogManager, about 20 ms in a fresh JVM. A daemon that inetd
 * or systemd starts for the datagram waiting on its socket would spend them before its first
 * reply, though most runs log nothing; this defers them to the first message actually logged (or
 * asked about with {@link #isLoggable}).
 */
public final class LazyLogger implements System.Logger {
  private final String name;
  private volatile System.Logger logger;

  private LazyLogger(String name) {
    this.name = name;
  }

  /**
   * The logger named after a class, found when first used.
   *
   * @param owner the class whose name the logger has
   * @return the logger
   */
  public static System.Logger of(Class<?> owner) {
    return new LazyLogger(owner.getName());
  }

  private System.Logger logger() {
    System.Logger l = logger;
    if (l == null) {
      l = System.getLogger(name); // racing threads get the same logger: the finder keeps it
      logger = l;
    }
    return l;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean isLoggable(Level level) {
    return logger().isLoggable(level);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
    logger().log(level, bundle, message, thrown);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    logger().log(level, bundle, format, params);
  }
}
