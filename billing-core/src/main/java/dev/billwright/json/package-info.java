/**
 * JSON and YAML: the shared Jackson mappers ({@link dev.billwright.json.Json}) and the
 * path-tracking reader every document codec uses ({@link dev.billwright.json.JsonObjectReader}),
 * so errors name the JSON path, field, value and expectation and unknown fields are rejected.
 */
@NullMarked
package dev.billwright.json;

import org.jspecify.annotations.NullMarked;
