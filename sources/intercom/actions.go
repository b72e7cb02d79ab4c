package intercom

// ActionTypes lists the activity types offered in the filter pane: the enum
// of the 2.16 spec, then two legacy values still found in older workspaces
// (admin_assignment_limit_change, split in 2025 into the conversation and
// ticket variants, and admin_away_mode from the 1.x docs). Intercom adds
// types without notice, so any other type it sends is still shown and still
// filters; the filter is applied here, not by the API.
func ActionTypes() []string {
	return []string{
		"admin_conversation_assignment_limit_change", "admin_ticket_assignment_limit_change",
		"admin_avatar_change", "admin_away_mode_change", "admin_deletion", "admin_deprovisioned",
		"admin_impersonation_end", "admin_impersonation_start",
		"admin_impersonation_consent_approved", "admin_impersonation_consent_revoked",
		"admin_invite_change", "admin_invite_creation", "admin_invite_deletion",
		"admin_login_failure", "admin_login_success", "admin_logout",
		"admin_occupancy_setting_change", "admin_occupancy_state_change",
		"admin_password_reset_request", "admin_password_reset_success",
		"admin_permission_change", "admin_provisioned", "admin_two_factor_auth_change",
		"admin_unauthorized_sign_in_method",
		"app_admin_join", "app_authentication_method_change", "app_data_deletion", "app_data_export",
		"app_google_sso_domain_change", "app_identity_verification_change", "app_name_change",
		"app_outbound_address_change", "app_package_installation", "app_package_token_regeneration",
		"app_package_uninstallation", "app_team_creation", "app_team_deletion",
		"app_team_membership_modification", "app_timezone_change", "app_webhook_creation", "app_webhook_deletion",
		"articles_in_messenger_enabled_change", "automatic_away_mode_setting_change",
		"bulk_delete", "bulk_export", "campaign_deletion", "campaign_state_change",
		"conversation_deletion_schedule_creation", "conversation_deletion_schedule_deletion",
		"conversation_deletion_schedule_state_change", "conversation_deletion_schedule_update",
		"conversation_part_deletion", "conversation_pdf_export",
		"conversation_topic_change", "conversation_topic_creation", "conversation_topic_deletion",
		"content_redaction_rule_creation", "content_redaction_rule_deletion", "content_redaction_rule_update",
		"csv_import_completion", "csv_import_creation", "custom_authentication_token_creation",
		"help_center_settings_change", "inbound_conversations_change", "inbox_access_change",
		"macro_creation", "macro_deletion", "macro_update", "macro_usage_export",
		"malicious_domains_setting_change", "message_deletion", "message_state_change",
		"messenger_api_secret_creation", "messenger_api_secret_deletion",
		"messenger_look_and_feel_change", "messenger_search_required_change", "messenger_spaces_change",
		"oauth_token_revocation", "office_hours_change", "role_change", "role_creation", "role_deletion",
		"ruleset_activation_title_preview", "ruleset_creation", "ruleset_deletion",
		"search_browse_enabled_change", "search_browse_required_change", "seat_change", "seat_revoke",
		"security_settings_change", "series_creation", "series_deletion", "series_settings_update",
		"series_status_change", "series_update", "strip_inbound_email_links_change",
		"temporary_expectation_change", "team_assignment_limit_change", "trusted_domains_setting_change",
		"unassign_unsnoozed_at_capacity_setting_change", "unassign_unsnoozed_when_away_setting_change",
		"upfront_email_collection_change", "allowed_attachment_filetypes_setting_change",
		"attach_uploads_inline_setting_change", "teammate_gifs_setting_change",
		"user_camera_attachments_setting_change", "user_conversation_attachments_setting_change",
		"user_file_attachments_setting_change", "user_gifs_setting_change",
		"user_media_attachments_setting_change", "user_voice_notes_setting_change",
		"welcome_message_change", "workspace_deletion_request", "hide_csat_from_agents_setting_change",
		// Legacy.
		"admin_assignment_limit_change", "admin_away_mode",
	}
}
