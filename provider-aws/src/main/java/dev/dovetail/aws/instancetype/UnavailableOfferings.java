package dev.dovetail.aws.instancetype;

import dev.dovetail.aws.cache.CacheTtls;
import dev.dovetail.scheduling.CapacityType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Offerings (capacity type, instance type, zone) that recently failed with insufficient capacity,
 * remembered for {@link #TTL}. Every mark bumps {@link #sequence()}, which invalidates the
 * instance-type cache.
 */
public final class UnavailableOfferings implements InstanceTypeAssembler.UnavailableOfferings {
  /** How long an offering stays unavailable after an insufficient-capacity error. */
  public static final Duration TTL = CacheTtls.UNAVAILABLE_OFFERINGS;

  private record Key(CapacityType capacityType, String instanceType, String zone) {}

  private final Clock clock;
  private final Map<Key, Instant> until = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  public UnavailableOfferings(Clock clock) {
    this.clock = clock;
  }

  /** Marks an offering unavailable for {@link #TTL} from now. */
  public void markUnavailable(CapacityType capacityType, String instanceType, String zone) {
    until.put(new Key(capacityType, instanceType, zone), clock.instant().plus(TTL));
    sequence.incrementAndGet();
  }

  @Override
  public boolean isUnavailable(CapacityType capacityType, String instanceType, String zone) {
    Key key = new Key(capacityType, instanceType, zone);
    Instant end = until.get(key);
    if (end == null) {
      return false;
    }
    if (!clock.instant().isBefore(end)) {
      // expired entries are dropped lazily; the sequence moves so cached lists are rebuilt
      if (until.remove(key, end)) {
        sequence.incrementAndGet();
      }
      return false;
    }
    return true;
  }

  /** Drops expired entries (bumping the sequence if any went). */
  public void cleanup() {
    Instant now = clock.instant();
    until.forEach(
        (k, end) -> {
          if (!now.isBefore(end) && until.remove(k, end)) {
            sequence.incrementAndGet();
          }
        });
  }

  /** Changes whenever the set of unavailable offerings changes. */
  public long sequence() {
    cleanup();
    return sequence.get();
  }
}
