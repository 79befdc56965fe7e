package app.polychat.finetune.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of logs, messages, {@code toString()} and the database.
 *
 * <p>Two tools: {@link #redactOptions} masks values whose key names a secret ({@code apiKey},
 * {@code AWS_SECRET_ACCESS_KEY}, {@code token}, ...), and {@link #redactText} removes
 * secret-looking strings (bearer tokens, AWS access key ids, {@code key=value} pairs with secret
 * names) from free text such as an exception message or a server's answer.
 */
public final class Secrets {
  /** What a masked secret shows: {@value}. */
  public static final String MASK = "****";

  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(api[-_]?key|secret|token|password|passwd|authorization|credential|session).*");
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
  private static final Pattern AWS_ACCESS_KEY = Pattern.compile("\\b(AKIA|ASIA)[A-Z0-9]{16}\\b");
  private static final Pattern SECRET_PAIR =
      Pattern.compile(
          "(?i)(\"?(?:api[-_]?key|secret[-_a-z]*|token|password|authorization|x-api-key)\"?\\s*[=:]\\s*\"?)"
              + "([^\"\\s,&}]+)");

  private Secrets() {}

  /**
   * {@return whether a setting or header with this name holds a secret}
   *
   * @param name a setting or header name, such as {@code x-api-key}
   */
  public static boolean isSecretName(String name) {
    return name != null && SECRET_NAME.matcher(name).matches();
  }

  /**
   * {@return a value shown in place of a secret: its last 4 characters at most, never the whole}
   *
   * @param secret the secret, or null
   */
  public static String mask(String secret) {
    if (secret == null || secret.isEmpty()) {
      return "";
    }
    return secret.length() < 12 ? MASK : MASK + secret.substring(secret.length() - 4);
  }

  /**
   * {@return a copy of the options with every secret value masked}
   *
   * @param options the settings, by name
   */
  public static Map<String, String> redactOptions(Map<String, String> options) {
    Map<String, String> copy = new LinkedHashMap<>();
    options.forEach((k, v) -> copy.put(k, isSecretName(k) ? mask(v) : redactText(v)));
    return copy;
  }

  /**
   * {@return the text with bearer tokens, AWS access key ids and {@code secret=value} pairs masked}
   *
   * @param text the text
   */
  public static String redactText(String text) {
    if (text == null) {
      return null;
    }
    String out = BEARER.matcher(text).replaceAll("$1" + MASK);
    out = AWS_ACCESS_KEY.matcher(out).replaceAll(MASK);
    return SECRET_PAIR.matcher(out).replaceAll("$1" + MASK);
  }

  /**
   * {@return an AWS access key id as {@code aws configure list} shows it: sixteen asterisks and the
   * last 4 characters ({@code ****************MPLE}); a value too short to keep anything back is
   * all asterisks}
   *
   * @param keyId the access key id, or null
   */
  public static String maskKeyId(String keyId) {
    if (keyId == null || keyId.isEmpty()) {
      return "";
    }
    String stars = "*".repeat(16);
    return keyId.length() < 8 ? stars : stars + keyId.substring(keyId.length() - 4);
  }

  /**
   * {@return the text with every known secret (values of 8 characters or more) removed wherever it
   * occurs, plus {@link #redactText}}
   *
   * @param text the text
   * @param knownSecrets the secret values to remove
   */
  public static String redactText(String text, java.util.Collection<String> knownSecrets) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : knownSecrets) {
      if (secret != null && secret.length() >= 8) {
        out = out.replace(secret, MASK);
      }
    }
    return redactText(out);
  }

  /**
   * {@return the throwable's stack trace as {@link Throwable#printStackTrace()} writes it, with
   * every message in it redacted: its own, every cause's and every suppressed exception's, through
   * {@link #redactText(String, java.util.Collection)}}
   *
   * @param throwable the throwable
   * @param knownSecrets the secret values to remove
   */
  public static String redactedStackTrace(
      Throwable throwable, java.util.Collection<String> knownSecrets) {
    java.io.StringWriter trace = new java.io.StringWriter();
    throwable.printStackTrace(new java.io.PrintWriter(trace, true));
    return redactText(trace.toString(), knownSecrets);
  }

  /**
   * {@return the text with one known secret removed wherever it occurs, plus {@link #redactText}}
   *
   * @param text the text
   * @param knownSecret the secret value to remove
   */
  public static String redactText(String text, String knownSecret) {
    if (text == null) {
      return null;
    }
    String out = text;
    if (knownSecret != null && knownSecret.length() >= 4) {
      out = out.replace(knownSecret, MASK);
    }
    return redactText(out);
  }
}
