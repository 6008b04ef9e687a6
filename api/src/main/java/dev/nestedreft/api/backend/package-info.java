/** Discovery and selection of backends and exporters by name. */
package dev.nestedreft.api.backend;
