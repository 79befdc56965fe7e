package app.polychat.finetune.bedrock.training.internal;

import app.polychat.finetune.support.Hashing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * SHA-256 and MD5 of a file or of a byte range of it, computed by streaming (never the whole file
 * in memory). SHA-256 is what S3 verifies and stores ({@code x-amz-checksum-sha256}) and what a
 * resumed upload compares; MD5 is {@code Content-MD5}, which every S3-compatible server verifies.
 * Not public API.
 */
public final class FileDigest {
  private static final int BUFFER = 256 * 1024;

  private final long length;
  private final byte[] sha256;
  private final byte[] md5;

  private FileDigest(long length, byte[] sha256, byte[] md5) {
    this.length = length;
    this.sha256 = sha256;
    this.md5 = md5;
  }

  /** Digests {@code length} bytes of {@code file} from {@code offset}. */
  public static FileDigest of(Path file, long offset, long length) throws IOException {
    MessageDigest sha = Hashing.sha256();
    MessageDigest md5 = md5();
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long position = offset;
      long end = offset + length;
      while (position < end) {
        buffer.clear();
        buffer.limit((int) Math.min(BUFFER, end - position));
        int n = channel.read(buffer, position);
        if (n < 0) {
          throw new IOException(
              file + " ended at byte " + position + " while " + end + " were expected");
        }
        sha.update(buffer.array(), 0, n);
        md5.update(buffer.array(), 0, n);
        position += n;
      }
    }
    return new FileDigest(length, sha.digest(), md5.digest());
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has MD5", e);
    }
  }

  public long length() {
    return length;
  }

  public String sha256Hex() {
    return HexFormat.of().formatHex(sha256);
  }

  public String sha256Base64() {
    return Base64.getEncoder().encodeToString(sha256);
  }

  public String md5Base64() {
    return Base64.getEncoder().encodeToString(md5);
  }

  @Override
  public String toString() {
    return "FileDigest{" + length + " bytes, sha256=" + sha256Hex() + "}";
  }
}
