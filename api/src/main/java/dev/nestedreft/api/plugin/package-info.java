/**
 * Plug-ins: jars written against {@code nested-reft-spi} that register providers in {@code META-INF/services} (a
 * reward, a correction, a behavior policy, or a whole backend) and are loaded at run time. A {@link
 * dev.nestedreft.api.plugin.PluginSet} opens one class loader over the jars (the application's loader as parent),
 * checks every path and every provider before any work, and is the one place the command line discovers backends
 * and algorithms through; {@link dev.nestedreft.api.plugin.PluginJar} records each jar's path and SHA-256 so that a
 * run, or a Ray actor that reopens the set, can check it has the same files. {@link
 * dev.nestedreft.api.plugin.ProviderInfo} lists what is installed, built in or not. Uses only {@code backend} and
 * {@code learn}: it sits at the bottom of {@code api}, beneath the placements that reopen it.
 */
package dev.nestedreft.api.plugin;
