/**
 * Documents people read: HTML from templates and PDF from that HTML.
 *
 * <p>{@link dev.billwright.render.DocumentRenderer} turns a view ({@link
 * dev.billwright.render.GstDocumentView} for a GST tax invoice, bill of supply or credit note,
 * {@link dev.billwright.render.InvoiceView} for a generic invoice, {@link
 * dev.billwright.render.BillRunReport} for a bill run) into HTML with JTE templates, which escape
 * every value by default, and the HTML into a PDF with openhtmltopdf (PDFBox) and the bundled Noto
 * fonts (Latin, Devanagari, Hebrew; the rupee sign U+20B9). {@link
 * dev.billwright.render.Templates} chooses the templates: the built-in ones, compiled at build
 * time, or a host's directory of templates that replace or call them.
 */
@NullMarked
package dev.billwright.render;

import org.jspecify.annotations.NullMarked;
