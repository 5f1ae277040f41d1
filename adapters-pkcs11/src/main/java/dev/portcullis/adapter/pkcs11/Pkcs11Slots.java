package dev.portcullis.adapter.pkcs11;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * Finds a token's slot id by its label. The SunPKCS11 provider is configured by slot, and the JDK
 * offers no public way to read a token's label, so this asks the module through the JDK's own
 * PKCS#11 wrapper, which the JVM must export to us:
 * {@code --add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED} (the Portcullis
 * jar's manifest says so; an embedding application adds the flag, or configures the slot id instead).
 */
final class Pkcs11Slots {
  static final String EXPORT_FLAG = "--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED";

  private Pkcs11Slots() {}

  static long slotOf(Path library, String tokenLabel) {
    Object module;
    Method getSlotList;
    Method getTokenInfo;
    try {
      Class<?> wrapper = Class.forName("sun.security.pkcs11.wrapper.PKCS11");
      Class<?> initArgs = Class.forName("sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS");
      Method getInstance = wrapper.getMethod("getInstance", String.class, String.class, initArgs, boolean.class);
      module = getInstance.invoke(null, library.toString(), "C_GetFunctionList", null, false);
      getSlotList = wrapper.getMethod("C_GetSlotList", boolean.class);
      getTokenInfo = wrapper.getMethod("C_GetTokenInfo", long.class);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("finding a PKCS#11 token by its label needs the JVM flag " + EXPORT_FLAG + " (or configure the slot id instead)");
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot load the PKCS#11 module " + library + ": " + rootMessage(e));
    }
    try {
      for (long slot : (long[]) getSlotList.invoke(module, true)) {
        Object info = getTokenInfo.invoke(module, slot);
        Field label = info.getClass().getField("label");
        if (new String((char[]) label.get(info)).strip().equals(tokenLabel)) {
          return slot;
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot list the tokens of " + library + ": " + rootMessage(e));
    }
    throw new IllegalStateException("no initialised PKCS#11 token is labelled '" + tokenLabel + "' in " + library);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
