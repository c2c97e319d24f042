package dev.tracekit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.http.HttpTracing;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlRedactorTest {
  private final UrlRedactor redactor =
      new UrlRedactor(HttpTracing.DEFAULT_SENSITIVE_QUERY_PARAMETERS);

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://api.example.com/v1/items|https://api.example.com/v1/items",
        "https://user:pass@api.example.com/x|https://REDACTED:REDACTED@api.example.com/x",
        "https://user@api.example.com|https://REDACTED:REDACTED@api.example.com",
        "https://a:b@c@host:8443/p?q=1|https://REDACTED:REDACTED@host:8443/p?q=1",
        "https://host/path@with-at?x=1|https://host/path@with-at?x=1",
        "https://host/p?email=a@b.c|https://host/p?email=a@b.c",
        "https://host/p?token=abc|https://host/p?token=REDACTED",
        "https://host/p?a=1&token=abc&b=2|https://host/p?a=1&token=REDACTED&b=2",
        "https://host/p?sig=s&Signature=t&AWSAccessKeyId=u|https://host/p?sig=REDACTED&Signature=REDACTED&AWSAccessKeyId=REDACTED",
        "https://s3/o?X-Amz-Signature=abc&X-Amz-Credential=def&X-Amz-Date=1|https://s3/o?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED&X-Amz-Date=REDACTED",
        "https://g/o?X-Goog-Signature=zz|https://g/o?X-Goog-Signature=REDACTED",
        "https://host/p?API_KEY=x&Password=y&access_token=z&key=k|https://host/p?API_KEY=REDACTED&Password=REDACTED&access_token=REDACTED&key=REDACTED",
        "https://host/p?keyboard=x&monkey=y&tokens=z|https://host/p?keyboard=x&monkey=y&tokens=REDACTED",
        "https://host/p?token=abc#frag|https://host/p?token=REDACTED#frag",
        "https://host/p#frag?token=abc|https://host/p#frag?token=REDACTED",
        "https://host/p?token=&x|https://host/p?token=&x",
        "https://host/p?token|https://host/p?token",
        "https://host/p?=v&&token=t|https://host/p?=v&&token=REDACTED",
        "https://u:p@host?token=t|https://REDACTED:REDACTED@host?token=REDACTED",
        "/relative/path?token=t|/relative/path?token=REDACTED",
        "//u:p@host/x|//REDACTED:REDACTED@host/x",
        "mailto:someone@example.com|mailto:someone@example.com",
        "not a url|not a url",
        "''|''"
      })
  void redacts(String url, String expected) {
    assertThat(redactor.redactUrl(url)).isEqualTo(expected);
  }

  @Test
  void returnsTheSameStringWhenNothingIsRedacted() {
    String url = "https://api.example.com/v1/items?page=2&size=10";
    assertThat(redactor.redactUrl(url)).isSameAs(url);
  }

  @Test
  void listIsConfigurable() {
    UrlRedactor custom = new UrlRedactor(List.of("session", "x-*"));
    assertThat(custom.redactUrl("https://h/p?session=1&key=2&X-Trace=3"))
        .isEqualTo("https://h/p?session=REDACTED&key=2&X-Trace=REDACTED");
    assertThat(custom.isSensitive("SESSION")).isTrue();
    assertThat(custom.isSensitive("key")).isFalse();
    // Names that say they hold a credential are redacted whatever the list.
    assertThat(custom.isSensitive("refresh_token")).isTrue();
  }

  @Test
  void credentialLookingNamesAndTheFragmentAreRedacted() {
    assertThat(
            redactor.redactUrl(
                "https://auth.example.com/oauth/token?grant_type=refresh_token"
                    + "&refresh_token=rt-SECRET1&client_secret=cs-SECRET2&apikey=SECRET3"))
        .isEqualTo(
            "https://auth.example.com/oauth/token?grant_type=refresh_token"
                + "&refresh_token=REDACTED&client_secret=REDACTED&apikey=REDACTED");
    assertThat(redactor.redactUrl("https://app.example.com/cb#access_token=SECRET5&state=xyz"))
        .isEqualTo("https://app.example.com/cb#access_token=REDACTED&state=xyz");
    assertThat(redactor.redactUrl("https://h/p?page=2#section"))
        .isEqualTo("https://h/p?page=2#section");
  }

  @Test
  void redactsQueries() {
    assertThat(redactor.redactQuery("a=1&password=hunter2")).isEqualTo("a=1&password=REDACTED");
    assertThat(redactor.redactQuery("")).isEmpty();
  }
}
