package dev.dovetail.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantityTest {

  @ParameterizedTest(name = "{0} is refused at once")
  @CsvSource({"1e999999999", "1e-999999999", "10000Pi", "8Ei", "9223372036854775808", "0.1n"})
  @org.junit.jupiter.api.Timeout(5)
  void quantitiesOutsideWhatKubernetesAcceptsAreRefusedWithoutExpandingThem(String text) {
    assertThatThrownBy(() -> Quantity.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside what Kubernetes accepts");
  }

  @ParameterizedTest(name = "{0} is {1} milli-units and {2} units")
  @CsvSource({
    "1500m, 1500, 2",
    "2, 2000, 2",
    "0.5, 500, 1",
    "100n, 1, 1",
    "1Ki, 1024000, 1024",
    "1Mi, 1048576000, 1048576",
    "2Gi, 2147483648000, 2147483648",
    "1k, 1000000, 1000",
    "1M, 1000000000, 1000000",
    "1e3, 1000000, 1000",
    "1.5Gi, 1610612736000, 1610612736",
  })
  void parsesKubernetesQuantities(String text, long milli, long units) {
    Quantity q = Quantity.parse(text);
    assertThat(q.milliValue()).isEqualTo(milli);
    assertThat(q.value()).isEqualTo(units);
  }

  @ParameterizedTest
  @CsvSource({"abc", "1Xi", "-1", "''", "1.2.3m", "1e3Mi", "2E3k"})
  void rejectsWhatIsNotAQuantity(String text) {
    assertThatThrownBy(() -> Quantity.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quantity");
  }

  @ParameterizedTest
  @CsvSource({"1E", "7Ei", "100P"})
  void aQuantityTooLargeToScheduleIsAnInputError(String text) {
    Quantity q = Quantity.parse(text);
    assertThatThrownBy(q::milliValue)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large to schedule");
  }

  @Test
  void resourcesAddSubtractAndCompare() {
    Resources pod =
        Resources.parse(Map.of("cpu", "1200m", "memory", "1400Mi", "nvidia.com/gpu", "1"));
    Resources node = Resources.parse(Map.of("cpu", "1930m", "memory", "3Gi", "pods", "17"));
    assertThat(pod.fitsIn(node)).isFalse();
    assertThat(pod.exceeding(node)).containsExactly("nvidia.com/gpu");
    Resources gpuNode = node.with(Resources.NVIDIA_GPU, 1);
    assertThat(pod.fitsIn(gpuNode)).isTrue();
    assertThat(gpuNode.minus(pod).cpuMillis()).isEqualTo(730);
    assertThat(pod.plus(pod).toQuantityStrings())
        .containsEntry("cpu", "2400m")
        .containsEntry("memory", "2800Mi")
        .containsEntry("nvidia.com/gpu", "2");
    assertThat(pod.minus(pod).isZero()).isTrue();
  }
}
