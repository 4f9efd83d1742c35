//! The unit types written as workbook numbers: each becomes the decimal a reader sees
//! (SEK, hours, percent), so renderers pass the view's values as they are.

use rust_decimal::Decimal;
use rust_xlsxwriter::{ColNum, Format, IntoExcelData, RowNum, Worksheet, XlsxError};

use crate::domain::entered::ShownPercent;
use crate::domain::hours::CentiHours;
use crate::domain::money::Ore;
use crate::domain::rate::Ppm;

macro_rules! as_decimal {
    ($($unit:ty => $to:expr),* $(,)?) => {$(
        impl IntoExcelData for $unit {
            fn write(
                self,
                worksheet: &mut Worksheet,
                row: RowNum,
                col: ColNum,
            ) -> Result<&mut Worksheet, XlsxError> {
                let to: fn($unit) -> Decimal = $to;
                to(self).write(worksheet, row, col)
            }

            fn write_with_format<'a>(
                self,
                worksheet: &'a mut Worksheet,
                row: RowNum,
                col: ColNum,
                format: &Format,
            ) -> Result<&'a mut Worksheet, XlsxError> {
                let to: fn($unit) -> Decimal = $to;
                to(self).write_with_format(worksheet, row, col, format)
            }
        }
    )*};
}

as_decimal!(
    Ore => Ore::to_sek,
    CentiHours => CentiHours::to_hours,
    Ppm => Ppm::to_percent,
    ShownPercent => ShownPercent::get,
);
