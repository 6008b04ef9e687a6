/** File helpers shared by every module that writes artefacts: atomic replacement of files. */
package dev.nestedreft.spi.io;
