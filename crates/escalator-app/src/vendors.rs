//! The vendors a user can pick when recording a support request.

use escalator_core::Vendor;

use crate::App;

impl App {
    pub fn list_vendors(&self) -> Vec<Vendor> {
        self.catalogue().vendors().to_vec()
    }
}
