package app.polychat.finetune.sqlite;

/**
 * How hard each commit works to survive a crash. Both levels keep the database consistent (SQLite
 * never corrupts itself); they differ in which crash can take back the last commits.
 */
public enum Durability {
  /**
   * The default: WAL with {@code synchronous=NORMAL}. A journaled example is in the operating
   * system's hands when {@code journal(...)} returns, so it survives the program dying in any way
   * ({@code kill -9}, a JVM crash, an out-of-memory error). A power cut or kernel crash may take
   * back the last commits before the next checkpoint; the database stays intact.
   */
  CRASH_SAFE,

  /**
   * WAL with {@code synchronous=FULL}: every commit waits for the disk to confirm it (an fsync), so
   * it also survives a power cut. Each commit then costs one disk flush, which is slower on most
   * disks.
   */
  POWER_SAFE
}
