package io.switchboard.bridge;

import io.switchboard.bridge.api.ApiContract;
import io.switchboard.bridge.api.ApiRoutes;
import io.switchboard.bridge.api.BoardAssembler;
import io.switchboard.bridge.api.LoginHandler;
import io.switchboard.bridge.api.VoicemailAudio;
import io.switchboard.bridge.auth.JwtIssuer;
import io.switchboard.bridge.auth.LoginRateLimiter;
import io.switchboard.bridge.auth.PasswordHasher;
import io.switchboard.bridge.auth.RevokedSessions;
import io.switchboard.bridge.auth.TwilioTokens;
import io.switchboard.bridge.directory.Directory;
import io.switchboard.bridge.directory.DirectoryVerticle;
import io.switchboard.bridge.live.ClusterResync;
import io.switchboard.bridge.live.EventBusBridge;
import io.switchboard.bridge.web.ClientConfig;
import io.switchboard.bridge.web.SecurityHeaders;
import io.switchboard.bridge.web.SimProxy;
import io.switchboard.bridge.web.StaticUi;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.config.Setting;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.SignedOut;
import io.switchboard.common.service.SchemaOwningModule;
import io.switchboard.common.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Set;

/** The dashboard-bridge: the agent HTTP API, the SockJS event-bus bridge and the web dashboard. */
public final class DashboardBridgeModule extends SchemaOwningModule {
  /** The PostgreSQL schema this service owns. */
  public static final String SCHEMA = "directory";

  private final int passwordCost;
  private final String webroot;
  /** The SockJS bridge of the deployed service (null before deploy). */
  private volatile EventBusBridge bridge;

  public DashboardBridgeModule() {
    this(PasswordHasher.DEFAULT_COST, StaticUi.WEBROOT);
  }

  /** With another bcrypt cost for unknown accounts' dummy hash and another UI root (tests). */
  DashboardBridgeModule(int passwordCost, String webroot) {
    super("dashboard-bridge", SCHEMA, Set.of(Setting.SWITCHBOARD_JWT_SECRET, Setting.TWILIO_ACCOUNT_SID,
        Setting.TWILIO_AUTH_TOKEN, Setting.TWILIO_API_KEY, Setting.TWILIO_API_SECRET, Setting.TWILIO_TWIML_APP_SID));
    this.passwordCost = passwordCost;
    this.webroot = webroot;
  }

  /** The deployed bridge (tests). */
  public EventBusBridge bridge() {
    return bridge;
  }

  /** On SIGTERM: close every SockJS socket so browsers reconnect to another bridge node. */
  @Override
  public Future<Void> drain() {
    return bridge == null ? Future.succeededFuture() : bridge.drain();
  }

  @Override
  public Future<Void> deploy(ServiceContext context) {
    Vertx vertx = context.vertx();
    SwitchboardConfig config = context.config();
    Directory directory = new Directory(context.pool());
    RevokedSessions revoked = new RevokedSessions(vertx, context.pool());
    JwtIssuer jwt = new JwtIssuer(vertx, config.jwtSecret(), config.jwtTtl(), revoked);
    long timeoutMs = config.requestTimeout().toMillis();
    LoginHandler login = new LoginHandler(directory, new PasswordHasher(vertx, passwordCost), jwt, revoked,
        new LoginRateLimiter(context.pool(), LoginRateLimiter.DEFAULT_MAX_FAILURES,
            LoginRateLimiter.DEFAULT_MAX_ADDRESS_FAILURES, LoginRateLimiter.DEFAULT_WINDOW, Clock.systemUTC()),
        config.jwtTtl(), config.publicUrl() != null && "https".equals(config.publicUrl().getScheme()),
        user -> Bus.request(vertx.eventBus(), Addresses.PRESENCE_SIGNED_OUT,
            new SignedOut(user.id(), user.orgId()).toJson(), timeoutMs).mapEmpty());
    ApiRoutes api = new ApiRoutes(vertx.eventBus(), config, directory, jwt, login,
        new BoardAssembler(vertx.eventBus(), directory, config.requestTimeout()),
        new TwilioTokens(config.twilio()), new VoicemailAudio(vertx, config));
    if (ClientConfig.simulated(config)) {
      new SimProxy(vertx, config.twilio().apiBaseUrl()).mount(context.router());
    }
    new ClusterResync(vertx, directory).start();
    // The bridge and the API share no path with the routes above, so they may be mounted once ready.
    return EventBusBridge.start(vertx, jwt, revoked, timeoutMs, config.maxBodyBytes()).map(started -> {
      bridge = started;
      started.mount(context.router());
      return null;
    }).compose(v -> ApiContract.load(vertx)).map(contract -> {
      api.mount(context.router(), contract);
      return null;
    }).compose(v -> revoked.start())
        .compose(v -> vertx.deployVerticle(new DirectoryVerticle(directory)))
        .compose(id -> StaticUi.mount(vertx, context.router(), new SecurityHeaders(ClientConfig.simOrigin(config)), webroot));
  }
}
