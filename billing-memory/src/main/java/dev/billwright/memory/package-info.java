/**
 * In-memory implementations of every Billwright storage and provider SPI, for embedding in an
 * application's own tests, demos, command-line tools and single-process deployments that need no
 * durable storage: {@link dev.billwright.memory.InMemoryPlanCatalog},
 * {@link dev.billwright.memory.InMemoryUsageEventStore},
 * {@link dev.billwright.memory.InMemoryMeteringCheckpointStore},
 * {@link dev.billwright.memory.InMemoryInvoiceStore},
 * {@link dev.billwright.memory.InMemoryInvoiceNumberSequence},
 * {@link dev.billwright.memory.InMemoryCreditNoteStore},
 * {@link dev.billwright.memory.InMemoryAuditLog},
 * {@link dev.billwright.memory.InMemoryWalletLedger},
 * {@link dev.billwright.memory.InMemoryAlertSink},
 * {@link dev.billwright.memory.InMemoryPaymentGateway},
 * {@link dev.billwright.memory.InMemoryWebhookEventStore},
 * {@link dev.billwright.memory.InMemoryDeadLetterStore} and
 * {@link dev.billwright.memory.FixedExchangeRates}.
 *
 * <p>Each keeps its state in the JVM's heap and loses it when the process ends, and each is
 * thread-safe. Where billing-testkit has a contract test for the SPI, the in-memory
 * implementation passes it, as the durable implementations of billing-store-jdbc do. This module
 * depends on billing-core only: no test framework is on its compile class path. (The in-memory
 * deduplication store is {@link dev.billwright.metering.InMemoryDeduplicationStore}, in
 * billing-core.)
 */
@NullMarked
package dev.billwright.memory;

import org.jspecify.annotations.NullMarked;
