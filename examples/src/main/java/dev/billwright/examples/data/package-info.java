/**
 * The bundled example data of the {@code billwright} command line: loading meters, plans and
 * customers from JSON, and the seeded event generators of the bundled months.
 */
package dev.billwright.examples.data;
