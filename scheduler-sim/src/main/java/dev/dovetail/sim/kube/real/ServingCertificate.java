package dev.dovetail.sim.kube.real;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Trust in the self-signed certificate that kube-apiserver writes when it starts. */
final class ServingCertificate {
  private ServingCertificate() {}

  /**
   * An SSL context that trusts every certificate in {@code pem}, waiting up to {@code timeout} for
   * the server to write the file.
   */
  static SSLContext sslContext(Path pem, Duration timeout) {
    if (!Poll.REAL.until(() -> isComplete(pem), timeout, pem.toString())) {
      throw new IllegalStateException(
          "kube-apiserver wrote no serving certificate " + pem + " within " + timeout);
    }
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("apiserver-" + i++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("reading kube-apiserver's certificate " + pem, e);
    }
  }

  private static boolean isComplete(Path pem) {
    try {
      return Files.isRegularFile(pem)
          && Files.readString(pem).trim().endsWith("-----END CERTIFICATE-----");
    } catch (IOException e) {
      return false;
    }
  }
}
