package io.switchboard.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.common.service.ServiceModule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Choosing which services one process runs: one name, a comma list, or --services. */
class ServiceSelectionTest {

  private static List<String> names(List<ServiceModule> modules) {
    return modules.stream().map(ServiceModule::name).toList();
  }

  @Test
  void aCommaListRunsThoseServicesInStartUpOrderEachOnce() {
    assertEquals(List.of("presence-service", "parking-service"),
        names(Services.byNames(List.of("parking-service", "presence-service", "parking-service"))));
  }

  @Test
  void anUnknownOrBlankNameInTheListRefusesTheWholeList() {
    assertNull(Services.byNames(List.of("parking-service", "billing-service")));
    assertNull(Services.byNames(List.of("parking-service", "")));
  }

  @Test
  void servicesFlagAndACommaListParseToTheSameCommand() {
    Command flag = Command.parse(new String[] {"--services", "parking-service,presence-service", "--cluster"});
    Command list = Command.parse(new String[] {"parking-service,presence-service", "--cluster"});
    assertEquals(list, flag);
    assertEquals("parking-service,presence-service", flag.name());
  }

  @Test
  void servicesFlagWithoutAListOrBesideACommandIsAUsageError() {
    assertThrows(IllegalArgumentException.class, () -> Command.parse(new String[] {"--services"}));
    assertThrows(IllegalArgumentException.class,
        () -> Command.parse(new String[] {"all", "--services", "claim-service"}));
  }
}
