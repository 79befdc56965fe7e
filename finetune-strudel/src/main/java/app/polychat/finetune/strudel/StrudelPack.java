package app.polychat.finetune.strudel;

import app.polychat.finetune.prompt.PromptCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The Strudel pack's resources: the prompt config (the same file as {@code
 * configs/strudel-prompts.json} in the repository) and the sample set (54 answers, three per style
 * and complexity, every one of them runs in the engine).
 *
 * <pre>{@code
 * PromptCatalog catalog = StrudelPack.prompts();
 * Path samples = StrudelPack.copySamples(Path.of("datasets/strudel"));
 * }</pre>
 */
public final class StrudelPack {
  /** The sample set's file name. */
  public static final String SAMPLES_FILE = "strudel-samples.jsonl";

  /** The prompt config's file name. */
  public static final String PROMPTS_FILE = "strudel-prompts.json";

  private static final String BASE = "/app/polychat/finetune/strudel/";

  private StrudelPack() {}

  /**
   * The sample set (JSONL with style, complexity, prompt, completion); the caller closes it.
   *
   * @return a stream over the bundled sample set
   */
  public static InputStream openSamples() {
    return open(SAMPLES_FILE);
  }

  /**
   * The prompt config as JSON; the caller closes it.
   *
   * @return a stream over the bundled prompt config
   */
  public static InputStream openPrompts() {
    return open(PROMPTS_FILE);
  }

  /**
   * The prompt config, parsed.
   *
   * @return the Strudel prompt config, parsed from the bundled file
   */
  public static PromptCatalog prompts() {
    try (InputStream in = openPrompts()) {
      return PromptCatalog.load(in, PROMPTS_FILE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies the sample set into the folder (as {@link #SAMPLES_FILE}) and returns its path.
   *
   * @param dir the folder to copy into; created when missing
   * @return the path of the copied file; an existing file there is replaced
   */
  public static Path copySamples(Path dir) {
    try (InputStream in = openSamples()) {
      Files.createDirectories(dir);
      Path target = dir.resolve(SAMPLES_FILE);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the Strudel sample set to " + dir, e);
    }
  }

  private static InputStream open(String name) {
    InputStream in = StrudelPack.class.getResourceAsStream(BASE + name);
    if (in == null) {
      throw new UncheckedIOException(
          new IOException(BASE + name + " is missing from the finetune-strudel jar"));
    }
    return in;
  }
}
