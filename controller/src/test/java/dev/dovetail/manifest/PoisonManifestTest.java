package dev.dovetail.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile inputs end quickly with one error naming the source and the limit. */
@Timeout(30)
class PoisonManifestTest {

  /** An endless stream of one byte, as big as anyone asks for, never held on disk. */
  private static InputStream endless(byte b, long length) {
    return new InputStream() {
      private long left = length;

      @Override
      public int read() {
        return left-- > 0 ? b : -1;
      }

      @Override
      public int read(byte[] buffer, int offset, int count) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(count, left);
        Arrays.fill(buffer, offset, offset + n, b);
        left -= n;
        return n;
      }
    };
  }

  @Test
  void anAliasBombIsRefusedByTheAliasLimit() {
    StringBuilder bomb =
        new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'z'; c++) {
      char p = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i == 0 ? "" : ",").append('*').append(p);
      }
      bomb.append("]\n");
    }
    ManifestSet set = new ManifestReader().readString("bomb.yaml", bomb.toString());
    assertThat(set.documents()).isEmpty();
    assertThat(set.errors()).hasSize(1);
    assertThat(set.errors().get(0).toString())
        .startsWith("bomb.yaml:")
        .contains("limit of 500000 values")
        .doesNotContain("\n");
  }

  @Test
  void manyAliasesOfSmallNodesHitTheAliasCountLimit() {
    StringBuilder text = new StringBuilder("a: &a [x]\nlist:\n");
    for (int i = 0; i < 1_001; i++) {
      text.append("- *a\n");
    }
    ManifestSet set = new ManifestReader().readString("aliases.yaml", text.toString());
    assertThat(set.errors())
        .singleElement()
        .extracting(Object::toString)
        .asString()
        .contains("limit of 1000 aliases");
  }

  @Test
  void deepNestingIsRefusedWithoutAStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    ManifestSet set = new ManifestReader().readString("deep.yaml", deep);
    assertThat(set.errors())
        .singleElement()
        .extracting(Object::toString)
        .asString()
        .startsWith("deep.yaml:")
        .containsAnyOf("nest", "depth");
    ManifestSet json = new ManifestReader().readString("deep.json", deep);
    assertThat(json.errors())
        .singleElement()
        .extracting(Object::toString)
        .asString()
        .startsWith("deep.json:")
        .containsAnyOf("nest", "depth");
  }

  @Test
  void aGigabyteOnStandardInputStopsAtTheSizeLimit() {
    ManifestReader reader = new ManifestReader(() -> endless((byte) 'a', 1L << 30));
    ManifestSet set = reader.read(List.of(Path.of("-")));
    assertThat(set.documents()).isEmpty();
    assertThat(set.errors())
        .singleElement()
        .extracting(Object::toString)
        .isEqualTo("<stdin>: input is larger than the limit of 32 MiB");
  }

  @Test
  void devZeroStopsAtTheSizeLimit() {
    Path zero = Path.of("/dev/zero");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero here");
    ManifestSet set = new ManifestReader().read(List.of(zero));
    assertThat(set.errors())
        .singleElement()
        .extracting(Object::toString)
        .isEqualTo("/dev/zero: input is larger than the limit of 32 MiB");
  }

  @Test
  void smallerLimitsCanBeChosen() {
    ManifestReader reader =
        new ManifestReader(() -> endless((byte) ' ', 2048), new ManifestLimits(1024, 10, 100, 5));
    assertThat(reader.read(List.of(Path.of("-"))).errors())
        .singleElement()
        .extracting(Object::toString)
        .isEqualTo("<stdin>: input is larger than the limit of 1024 bytes");
  }
}
