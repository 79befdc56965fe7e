package app.polychat.finetune.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
  private static int check(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return Utf8.firstInvalid(b, 0, b.length);
  }

  @Test
  void firstInvalid_acceptsEveryWellFormedSequence() {
    byte[] text = "aé€😀日本".getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.firstInvalid(text, 0, text.length)).isEqualTo(-1);
    assertThat(check(0xF4, 0x8F, 0xBF, 0xBF)).isEqualTo(-1); // U+10FFFF
  }

  @Test
  void firstInvalid_rejectsLatin1OverlongSurrogatesAndTruncation() {
    assertThat(check('C', 'a', 'f', 0xE9)).isEqualTo(3); // Latin-1 é
    assertThat(check(0xC0, 0xAF)).isEqualTo(0); // overlong '/'
    assertThat(check(0xE0, 0x80, 0xAF)).isEqualTo(0); // overlong
    assertThat(check(0xED, 0xA0, 0x80)).isEqualTo(0); // surrogate D800
    assertThat(check(0xF4, 0x90, 0x80, 0x80)).isEqualTo(0); // above U+10FFFF
    assertThat(check('a', 0xE2, 0x82)).isEqualTo(1); // cut off
    assertThat(check(0x80)).isEqualTo(0); // lone continuation byte
    assertThat(check('a', 0xC3, 'b')).isEqualTo(1); // missing continuation
  }

  @Test
  void firstInvalid_checksOnlyTheGivenRange() {
    byte[] b = {(byte) 0xFF, 'o', 'k', (byte) 0xFF};
    assertThat(Utf8.firstInvalid(b, 1, 2)).isEqualTo(-1);
  }
}
