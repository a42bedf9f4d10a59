// The names of the constraints and unique indexes code reacts to, in one place: the schema
// declares them with these names, custom SQL migrations create the exclusion constraints under
// them (packages/db/test checks the migrated database has every one), and the api's error
// mapping and booking path recognise them by these names only.
export const constraints = {
  userEmail: "user_email_lower_key",
  organizationSlug: "organization_slug_key",
  membershipUser: "membership_organization_user_key",
  departmentName: "department_org_name_key",
  serviceName: "service_org_name_key",
  practitionerUser: "practitioner_org_user_key",
  patientMobile: "patient_org_mobile_key",
  patientUser: "patient_org_user_key",
  practitionerDepartment: "practitioner_department_fk",
  practitionerPhoto: "practitioner_photo_fk",
  certificatePractitioner: "certificate_practitioner_fk",
  certificateFile: "certificate_file_fk",
  resourceDepartment: "resource_department_fk",
  resourcePractitioner: "resource_practitioner_fk",
  serviceDepartment: "service_department_fk",
  serviceRequirementDepartment: "service_requirement_department_fk",
  documentPatient: "document_patient_fk",
  documentFile: "document_file_fk",
  scheduleRuleResource: "schedule_rule_resource_fk",
  scheduleExceptionResource: "schedule_exception_resource_fk",
  appointmentPatient: "appointment_patient_fk",
  appointmentService: "appointment_service_fk",
  appointmentResourceResource: "appointment_resource_resource_fk",
  /** Exclusion constraints (custom migration 0005): the booking guarantee. */
  resourceNoOverlap: "appointment_resource_no_overlap",
  patientNoOverlap: "appointment_patient_no_overlap",
  /** One stored answer per (organization, operation, caller, key). */
  idempotencyKey: "idempotency_key_pkey",
  /** One message per (organization, rule key): a certificate's 30-day alert is sent once. */
  notificationDedupe: "notification_org_dedupe_key",
  notificationPatient: "notification_patient_fk",
  /** One pending invitation per (organization, email). */
  invitationPending: "invitation_org_email_pending_key",
  invitationPatient: "invitation_patient_fk",
  consultationAppointment: "consultation_org_appointment_key",
  consultationAppointmentFk: "consultation_appointment_fk",
  consultationPatient: "consultation_patient_fk",
  consultationPractitioner: "consultation_practitioner_fk",
  diagnosisConsultation: "diagnosis_consultation_fk",
  prescriptionConsultation: "prescription_consultation_fk",
  addendumConsultation: "consultation_addendum_consultation_fk",
  consultationDocumentConsultation: "consultation_document_consultation_fk",
  consultationDocumentDocument: "consultation_document_document_fk",
  toothConditionPatient: "tooth_condition_patient_fk",
  treatmentPlanPatient: "treatment_plan_patient_fk",
  treatmentPatient: "treatment_patient_fk",
  treatmentService: "treatment_service_fk",
  treatmentPractitioner: "treatment_practitioner_fk",
  treatmentPlanFk: "treatment_plan_fk",
  ledgerPatient: "ledger_entry_patient_fk",
  ledgerTreatment: "ledger_entry_treatment_fk",
  /** An entry is reversed at most once. */
  ledgerReversal: "ledger_entry_org_reverses_key",
  questionnaireVersionNumber: "questionnaire_version_org_number_key",
  questionnaireVersionQuestionnaire: "questionnaire_version_questionnaire_fk",
  formRequestPatient: "form_request_patient_fk",
  formRequestVersion: "form_request_version_fk",
  /** A form request is submitted once. */
  formSubmissionRequest: "form_submission_org_request_key",
  /**
   * Raised (SQLSTATE 55000) by the triggers of migration 0011 when something that is evidence
   * would change: a signed consultation or its parts, an addendum, a ledger entry, a published
   * form version, a submission.
   */
  signedRecordLocked: "signed_record_locked",
  /** One account per provider per practice. */
  paymentAccountProvider: "payment_account_org_provider_key",
  invoiceNumber: "invoice_org_number_key",
  /** One live invoice per appointment. */
  invoiceAppointment: "invoice_org_appointment_key",
  invoicePatient: "invoice_patient_fk",
  /** A treatment is invoiced once. */
  invoiceLineTreatment: "invoice_line_org_treatment_key",
  invoiceLineService: "invoice_line_service_fk",
  paymentProviderRef: "payment_org_provider_ref_key",
  paymentPatient: "payment_patient_fk",
  paymentInvoice: "payment_invoice_fk",
  paymentAppointment: "payment_appointment_fk",
  /** Refunds never exceed what was paid. */
  paymentRefundLimit: "payment_refund_limit",
  refundProviderId: "refund_org_provider_id_key",
  refundPayment: "refund_payment_fk",
  /** A provider's event is stored once. */
  webhookEventOnce: "webhook_event_org_event_key",
  escrowPayment: "escrow_org_payment_key",
  payoutPractitioner: "payout_practitioner_fk",
  journalReversal: "journal_entry_org_reverses_key",
  /** A payment, refund, escrow step or payout is posted once. */
  journalOnce: "journal_entry_payment_once",
  /**
   * Raised (SQLSTATE 23514) at commit by migration 0012's deferred trigger when a journal
   * entry's postings do not sum to zero in each currency.
   */
  journalUnbalanced: "journal_entry_balanced",
  /** A host name maps to one practice's site. */
  siteCustomDomain: "practice_site_custom_domain_key",
  planPaymentProviderRef: "plan_payment_provider_ref_key",
  planWebhookEventOnce: "plan_webhook_event_once",
  /** One review per visit. */
  reviewAppointment: "review_org_appointment_key",
  reviewPatient: "review_patient_fk",
  reviewAppointmentFk: "review_appointment_fk",
  /** A SKU, and a barcode, name one product of a practice. */
  productSku: "product_org_sku_key",
  productBarcode: "product_org_barcode_key",
  productOnHand: "product_on_hand_nonnegative",
  /** A batch of a product is one lot. */
  stockLotBatch: "stock_lot_org_batch_key",
  stockLotProduct: "stock_lot_product_fk",
  /** A lot's quantity never goes below zero — whatever code or SQL tries. */
  stockLotQuantity: "stock_lot_quantity_nonnegative",
  /** Reservations never exceed what a lot holds: nothing is sold twice. */
  stockLotReserved: "stock_lot_reserved_within_quantity",
  orderNumber: "pharmacy_order_org_number_key",
  orderIdempotency: "pharmacy_order_org_idempotency_key",
  orderPatient: "pharmacy_order_patient_fk",
  orderItemProduct: "order_item_product_fk",
  refillPatient: "refill_request_patient_fk",
  /** One account per provider's subject: a Google account signs in to one Caredesk account. */
  userIdentitySubject: "user_identity_issuer_subject_key",
} as const;

export type ConstraintName = (typeof constraints)[keyof typeof constraints];
