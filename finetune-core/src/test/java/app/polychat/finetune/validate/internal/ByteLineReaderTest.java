package app.polychat.finetune.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteLineReaderTest {

  /** Collects what the reader reports, as text. */
  private static final class Collector implements ByteLineReader.Handler {
    final List<String> lines = new ArrayList<>();
    final List<Boolean> ascii = new ArrayList<>();

    @Override
    public void line(long number, byte[] bytes, int offset, int length, boolean isAscii) {
      lines.add(number + ":" + new String(bytes, offset, length, StandardCharsets.UTF_8));
      ascii.add(isAscii);
    }

    @Override
    public void tooLong(long number, long length) {
      lines.add(number + ":<" + length + " bytes>");
      ascii.add(false);
    }
  }

  /** Hands out at most {@code chunk} bytes per read, to cross buffer boundaries everywhere. */
  private static InputStream trickle(byte[] data, int chunk) {
    return new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
  }

  private static Collector read(String text, int maxLine, int chunk) throws IOException {
    Collector collector = new Collector();
    long bytes =
        ByteLineReader.read(
            trickle(text.getBytes(StandardCharsets.UTF_8), chunk), maxLine, collector);
    assertThat(bytes).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    return collector;
  }

  @Test
  void read_splitsOnNewlinesDropsCarriageReturnsAndKeepsBlankLines() throws IOException {
    Collector c = read("a\r\n\nbé\nlast", 1024, 3);
    assertThat(c.lines).containsExactly("1:a", "2:", "3:bé", "4:last");
    assertThat(c.ascii).containsExactly(true, true, false, true);
  }

  @Test
  void read_skipsAByteOrderMarkOnlyAtTheStart() throws IOException {
    Collector c = read("\uFEFFa\n\uFEFFb\n", 1024, 1 << 20);
    assertThat(c.lines).containsExactly("1:a", "2:\uFEFFb");
  }

  @Test
  void read_reportsATooLongLineByLengthAndGoesOn() throws IOException {
    String longLine = "x".repeat(5000);
    Collector c = read("short\n" + longLine + "\nafter\n" + longLine, 1024, 700);
    assertThat(c.lines).containsExactly("1:short", "2:<5000 bytes>", "3:after", "4:<5000 bytes>");
  }

  @Test
  void read_growsTheBufferForLongLinesUpToTheLimit() throws IOException {
    String line = "y".repeat(3_000_000);
    Collector c = read(line + "\nz\n", 4 << 20, 1 << 16);
    assertThat(c.lines).hasSize(2);
    assertThat(c.lines.get(0)).hasSize(3_000_002);
    assertThat(c.lines.get(1)).isEqualTo("2:z");
  }

  @Test
  void read_agreesWithASimpleSplitOnRandomInput() throws IOException {
    java.util.Random random = new java.util.Random(3);
    String[] pieces = {"a", "bc", "é", "日", "\r", " ", "{\"k\":1}", "xxxxxxxxxxxxxxx"};
    for (int round = 0; round < 200; round++) {
      StringBuilder text = new StringBuilder();
      List<String> expected = new ArrayList<>();
      List<Boolean> expectedAscii = new ArrayList<>();
      int lines = 1 + random.nextInt(20);
      for (int n = 1; n <= lines; n++) {
        StringBuilder line = new StringBuilder();
        for (int k = random.nextInt(12); k > 0; k--) {
          line.append(pieces[random.nextInt(pieces.length)]);
        }
        String content = line.toString();
        text.append(content).append('\n');
        String withoutCr =
            content.endsWith("\r") ? content.substring(0, content.length() - 1) : content;
        expected.add(n + ":" + withoutCr);
        expectedAscii.add(content.chars().allMatch(c -> c < 128));
      }
      Collector c = read(text.toString(), 1 << 16, 1 + random.nextInt(40));
      assertThat(c.lines).as(text.toString()).isEqualTo(expected);
      assertThat(c.ascii).as(text.toString()).isEqualTo(expectedAscii);
    }
  }

  @Test
  void read_handlesAnEmptyStream() throws IOException {
    assertThat(read("", 1024, 16).lines).isEmpty();
  }
}
