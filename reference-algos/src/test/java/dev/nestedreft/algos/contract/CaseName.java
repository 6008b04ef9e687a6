package dev.nestedreft.algos.contract;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Starts a failed assertion's message with the case it failed for (the display name of the parameterized class's
 * invocation, such as {@code tis c=1}): surefire's console lists the invocations of one test method by number only.
 */
final class CaseName implements InvocationInterceptor {
  @Override
  public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
      ExtensionContext context) throws Throwable {
    try {
      invocation.proceed();
    } catch (AssertionError e) {
      String name = context.getParent().map(ExtensionContext::getDisplayName).orElse(context.getDisplayName());
      throw new AssertionError(name + ": " + e.getMessage(), e);
    }
  }
}
