//! The axum server of Một Cửa: configuration, the HTTP router (pages, server functions,
//! REST API v1, sandbox), and the command line.

pub mod api;
pub mod back_office;
pub mod badge;
pub mod cli;
pub mod cli_vietqr;
pub mod config;
pub mod desk;
pub mod forms;
pub mod health;
pub mod html;
pub mod identity;
pub mod kiosk;
pub mod kiosk_assist;
pub mod notice_link;
pub mod reconcile;
pub mod sandbox;
pub mod sandbox_bank;
pub mod sandbox_vnpay;
pub mod startup;
pub mod telemetry;
pub mod vnpay;
pub mod web;
