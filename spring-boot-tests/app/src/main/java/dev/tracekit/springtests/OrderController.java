package dev.tracekit.springtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/** The HTTP API. */
@RestController
public class OrderController {
  private final OrderService orders;
  private final RestClient rest;
  private final HttpClient http;
  private final String downstream;

  /**
   * Creates the controller.
   *
   * @param orders the service
   * @param rest a RestClient bean
   * @param http a JDK HttpClient bean
   * @param downstream the base URL of the shipping service
   */
  public OrderController(
      OrderService orders,
      RestClient rest,
      HttpClient http,
      @Value("${shop.downstream:http://127.0.0.1:9}") String downstream) {
    this.orders = orders;
    this.rest = rest;
    this.http = http;
    this.downstream = downstream;
  }

  /**
   * One order.
   *
   * @param id the id
   * @return the order
   */
  @GetMapping("/orders/{id}")
  public Map<String, Object> order(@PathVariable("id") long id) {
    return orders.find(id);
  }

  /**
   * Shipping for an order, from the shipping service: one call through RestClient, one through the
   * JDK HttpClient.
   *
   * @param id the id
   * @return the two answers
   * @throws IOException when the call fails
   * @throws InterruptedException when interrupted
   */
  @GetMapping("/orders/{id}/shipping")
  public String shipping(@PathVariable("id") long id) throws IOException, InterruptedException {
    String quote = rest.get().uri(downstream + "/quote?order=" + id).retrieve().body(String.class);
    HttpResponse<String> track =
        http.send(
            HttpRequest.newBuilder(URI.create(downstream + "/track?order=" + id)).build(),
            HttpResponse.BodyHandlers.ofString());
    return quote + "," + track.body();
  }
}
