package dev.portcullis.application.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.shared.port.in.Authentication;
import dev.portcullis.domain.shared.SecretBytes;
import org.junit.jupiter.api.Test;

class AuthenticateCallerServiceTest {
  private final AuthenticateCallerService service = new AuthenticateCallerService(SecretBytes.ofUtf8("the-admin-token-0123456789abcdef"));

  @Test
  void the_admin_token_authenticates_an_admin() {
    Authentication result = service.authenticate(SecretBytes.ofUtf8("the-admin-token-0123456789abcdef"));

    assertThat(result).isInstanceOfSatisfying(Authentication.Authenticated.class, a -> assertThat(a.principal().isAdmin()).isTrue());
  }

  @Test
  void any_other_credential_is_rejected_as_unknown() {
    Authentication prefix = service.authenticate(SecretBytes.ofUtf8("the-admin-token"));
    Authentication longer = service.authenticate(SecretBytes.ofUtf8("the-admin-token-0123456789abcdef0"));

    assertThat(prefix).isEqualTo(new Authentication.Rejected(Authentication.Reason.UNKNOWN_CREDENTIAL));
    assertThat(longer).isEqualTo(new Authentication.Rejected(Authentication.Reason.UNKNOWN_CREDENTIAL));
  }
}
