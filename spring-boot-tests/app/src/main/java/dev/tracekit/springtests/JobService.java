package dev.tracekit.springtests;

import dev.tracekit.api.Traced;
import org.springframework.stereotype.Service;

/** Background jobs: root spans the sampling rules decide on. */
@Service
public class JobService {
  /** For Spring. */
  public JobService() {}

  /** A noisy job the rules drop. */
  @Traced("noise.poll")
  public void poll() {}

  /** A job the rules keep. */
  @Traced("kept.job")
  public void run() {}
}
