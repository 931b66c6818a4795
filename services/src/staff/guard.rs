//! Guards on staff roles, declared where they are used: the web edge's extractors
//! and the services' own checks read the same table.

use super::{Role, Staff};
use crate::ServiceError;
use crate::error::ServiceResult;

/// What a member of staff must be to pass a guard, declared where it is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffGuard {
    /// Any member of staff.
    Any,
    /// A member of one agency: the desk records dossiers for an agency.
    OfAgency,
    /// Managers and administrators: they configure procedures and read the audit log.
    Supervisor,
    /// Centre administrators.
    Admin,
}

impl StaffGuard {
    /// Whether `who` passes this guard.
    #[must_use]
    pub fn admits(self, who: &Staff) -> bool {
        match self {
            Self::Any => true,
            Self::OfAgency => who.agency_code.is_some(),
            Self::Supervisor => who.role != Role::Officer,
            Self::Admin => who.role == Role::Admin,
        }
    }

    /// Refuses `who` unless they pass.
    ///
    /// # Errors
    /// `Forbidden` otherwise.
    pub fn require(self, who: &Staff) -> ServiceResult<()> {
        if self.admits(who) {
            Ok(())
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    /// `who` if they pass.
    ///
    /// # Errors
    /// `Forbidden` otherwise.
    pub fn check(self, who: Staff) -> ServiceResult<Staff> {
        if self.admits(&who) {
            Ok(who)
        } else {
            Err(ServiceError::Forbidden)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(role: Role, agency: Option<&str>) -> Staff {
        Staff {
            id: 1,
            phone: "0912345678".to_owned(),
            full_name: "Nguyễn Văn A".to_owned(),
            role,
            agency_code: agency.map(str::to_owned),
        }
    }

    #[test]
    fn guards_admit_by_role_and_agency() {
        let officer = member(Role::Officer, Some("000.00.31.H53"));
        let manager = member(Role::Manager, Some("000.00.31.H53"));
        let admin = member(Role::Admin, None);
        for who in [&officer, &manager, &admin] {
            assert!(StaffGuard::Any.admits(who));
        }
        assert!(StaffGuard::OfAgency.admits(&officer));
        assert!(StaffGuard::OfAgency.admits(&manager));
        // The desk records dossiers for an agency: a centre administrator has none.
        assert!(!StaffGuard::OfAgency.admits(&admin));
        assert!(!StaffGuard::Supervisor.admits(&officer));
        assert!(StaffGuard::Supervisor.admits(&manager));
        assert!(StaffGuard::Supervisor.admits(&admin));
        assert!(StaffGuard::Admin.admits(&admin));
        assert!(!StaffGuard::Admin.admits(&officer));
        assert!(!StaffGuard::Admin.admits(&manager));
        assert!(matches!(
            StaffGuard::Admin.check(officer.clone()),
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            StaffGuard::Supervisor.require(&officer),
            Err(ServiceError::Forbidden)
        ));
    }
}
