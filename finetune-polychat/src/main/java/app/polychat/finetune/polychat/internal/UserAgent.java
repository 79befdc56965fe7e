package app.polychat.finetune.polychat.internal;

/**
 * The {@code User-Agent} the toolkit sends: {@code finetune/<version> (+java)}. The version comes
 * from the jar manifest's {@code Implementation-Version}, which the build writes; classes run from
 * a folder (an IDE, a test) have no manifest and say {@value #UNKNOWN_VERSION}. Not public API.
 */
public final class UserAgent {
  /** The version named when the classes do not come from a built jar. */
  public static final String UNKNOWN_VERSION = "dev";

  private static final String VALUE = "finetune/" + version() + " (+java)";

  private UserAgent() {}

  /** The header value. */
  public static String value() {
    return VALUE;
  }

  /** The toolkit version from the manifest, or {@value #UNKNOWN_VERSION}. */
  public static String version() {
    String version = UserAgent.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? UNKNOWN_VERSION : version;
  }
}
